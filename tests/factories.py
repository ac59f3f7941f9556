"""Small builders for tests. They write through the ORM directly because they set up state, not behaviour."""

from hamkari.tenancy.models import Agency, RoleGrant, User


def make_agency(code, country, *, name=None, acronym="", kind="police"):
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name or code, "acronym": acronym, "kind": kind, "country_id": country})
    return agency


def make_user(username, agency, roles, *, password="correct horse battery staple", is_demo=True):
    user = User.objects.create_user(username=username, password=password, agency=agency, is_demo=is_demo)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    user.forget_roles()
    return user
