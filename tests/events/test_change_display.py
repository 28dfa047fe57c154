"""A pending change of an approved event reads in the reader's language and local time."""

from django.utils import translation

from events.models import EventChange


def change():
    return EventChange(
        payload={
            "fields": {"starts_at": "2026-12-05T07:30:00+00:00", "format": "online"},
            "programme": {
                "topic": "Лекция",
                "starts_at": "2026-12-05T08:00:00+00:00",
                "ends_at": "2026-12-05T09:00:00+00:00",
            },
        },
        summary="starts_at: 2026-12-05T07:30:00+00:00",
    )


def test_english_reader_sees_labels_and_moscow_time():
    text = change().describe()
    assert "T07:30" not in text and "+00:00" not in text
    assert "Starts: Dec. 5, 2026, 10:30 a.m." in text
    assert "Format: Online" in text
    assert "Programme: Лекция, Dec. 5, 2026, 11 a.m. – Dec. 5, 2026, noon" in text


def test_russian_reader_sees_russian_labels():
    with translation.override("ru"):
        text = change().describe()
    assert "10:30" in text and "декабря 2026" in text and "Format" not in text
