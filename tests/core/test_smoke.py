def test_health(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_home_for_analyst(client, af_analyst):
    client.force_login(af_analyst)
    response = client.get("/")
    assert response.status_code == 200
    assert "Records shared with you" in response.content.decode()
