"""Notifications: short messages to users (a new hit, a disclosure decided). Pages come with the web layer."""
