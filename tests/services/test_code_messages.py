"""Messages that carry a voter code speak the resident's language: a mailing the cycle's
default language, a resident asking for their own code the language of their request."""

from __future__ import annotations

from pb.services.code_messages import code_email, code_sms


def test_a_mailing_writes_in_the_language_it_is_given(app):
    with app.app_context():
        mail = code_email(
            "a@example.org", "Miasto", "ABCD-EFGH", "https://pb.example/vote/m/", "pl"
        )
    assert mail.subject == "Twój kod do głosowania: Miasto"
    assert "ABCD-EFGH" in mail.text and "https://pb.example/vote/m/#code=ABCD-EFGH" in mail.text
    assert "Zagłosuj tutaj" in mail.text


def test_a_resident_reads_their_request_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        sms = code_sms("Ciudad", "ABCD-EFGH", "https://pb.example/vote/c/")
        mail = code_email("a@example.org", "Ciudad", "ABCD-EFGH", "https://pb.example/vote/c/")
    assert sms.startswith("Ciudad: tu código de votación es ABCD-EFGH.")
    assert mail.subject == "Tu código de votación para Ciudad"
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert "ABCD-EFGH" in code_sms("مدينة", "ABCD-EFGH", "https://pb.example/vote/c/")
