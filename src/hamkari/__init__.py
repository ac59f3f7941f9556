"""Hamkari: a self-hostable platform for regional cooperation against drug trafficking."""

__version__ = "0.1.0"
