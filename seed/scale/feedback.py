"""Performance data for feedback: a survey (default template) for every event that has taken place,
two responses each and 200 for the most recent surveys (bounded: the seed client's 25 a meeting
would be millions of answers at factor 100), every form item answered as people do (ratings
skewed to 4-5, NPS, a comment from three in ten), and the tallies the analysis reads, summed from
the answers. INSERT ... SELECT only. Survey tokens are random (they open a public form)."""

from events.models import Event, ProgramItem
from feedback.models import Answer, Question, Response, Survey, SurveyTemplate, Tally
from feedback.selectors import template_default
from seed.demo.feedback_responses import COMMENTS
from seed.scale.sql import Run, constants, execute, insert_select, table

RESPONSES_PER_SURVEY = 2
BUSY_SURVEYS, BUSY_RESPONSES = 50, 200
RATING = (
    "CASE WHEN {r} < 2 THEN 1 WHEN {r} < 5 THEN 2 WHEN {r} < 15 THEN 3 WHEN {r} < 50 THEN 4 "
    "ELSE 5 END"
)
NPS = (
    "CASE WHEN {r} < 7 THEN {r} WHEN {r} < 13 THEN 7 WHEN {r} < 23 THEN 8 WHEN {r} < 38 THEN 9 "
    "ELSE 10 END"
)


def missing() -> list[str]:
    """The default survey template (made by the migrations), when absent."""
    return [] if template_default() is not None else ["a default survey template"]


def seed_surveys(run: Run, template: SurveyTemplate) -> None:
    made = insert_select(
        Survey,
        {
            "event": "e.id",
            "template": str(template.pk),
            "token": "replace(gen_random_uuid()::text, '-', '')",
            "opens_at": "e.starts_at",
            "closes_at": "e.ends_at + interval '7 days'",
        },
        f"{table(Event)} e WHERE e.ends_at < {run.now} AND e.status <> 'cancelled'",
        [],
    )
    SurveyTemplate.objects.filter(pk=template.pk).update(is_frozen=True)
    run.done("surveys", made)


def seed_responses(run: Run) -> None:
    busy = f"(SELECT id FROM {table(Survey)} ORDER BY closes_at DESC, id LIMIT {BUSY_SURVEYS})"
    made = insert_select(
        Response,
        {
            "survey": "s.id",
            "device_id": f"'scale-{run.seed}-' || s.id || '-' || n",
            "submitted_at": "s.opens_at + interval '3 hours' + make_interval(mins => "
            f"{run.pick('s.id * 256 + n', 71, 600)}::int)",
            "language": "CASE WHEN mod(n, 10) = 0 THEN 'en' ELSE 'ru' END",
        },
        f"{table(Survey)} s CROSS JOIN LATERAL generate_series(1, CASE WHEN s.id IN {busy} "
        f"THEN {BUSY_RESPONSES} ELSE {RESPONSES_PER_SURVEY} END) n",
        [],
    )
    run.done("responses", made)


def seed_answers(run: Run, template: SurveyTemplate) -> None:
    r = run.pick("r.id * 64 + q.id * 8 + coalesce(p.speaker_id, 0)", 72, 100)
    source, params = constants(comment=COMMENTS)
    value_int = (
        f"CASE q.kind WHEN 'rating' THEN {RATING.format(r='v.r')} "
        f"WHEN 'nps' THEN {NPS.format(r='v.r')} END"
    )
    made = insert_select(
        Answer,
        {
            "response": "r.id",
            "question": "q.id",
            "speaker": "p.speaker_id",
            "value_int": value_int,
            "value_text": "CASE WHEN q.kind = 'text' "
            "THEN k.comment[1 + mod(v.r, array_length(k.comment, 1))] ELSE '' END",
            "value_choices": "'[]'::jsonb",
            "survey": "r.survey_id",
        },
        f"{table(Response)} r JOIN {table(Survey)} s ON s.id = r.survey_id "
        f"JOIN {table(Question)} q ON q.template_id = s.template_id "
        f"LEFT JOIN {table(ProgramItem)} p ON q.per_speaker AND p.event_id = s.event_id "
        f"AND p.speaker_id IS NOT NULL CROSS JOIN LATERAL (SELECT {r} AS r) v CROSS JOIN {source} "
        f"WHERE (q.kind IN ('rating', 'nps') OR (q.kind = 'text' AND v.r < 30)) "
        f"AND (NOT q.per_speaker OR p.id IS NOT NULL) AND q.template_id = {template.pk}",
        params,
    )
    run.done("answers", made)


def seed_tallies(run: Run) -> None:
    """The tallies response_submit keeps (feedback.tallies.tally_keys), summed from the answers."""
    made = execute(
        f"INSERT INTO {table(Tally)} (survey_id, question_id, speaker_key, value, n) "  # nosec B608
        "SELECT survey_id, question_id, coalesce(speaker_id, 0), "
        "CASE WHEN value_int IS NOT NULL THEN value_int::text ELSE '' END, count(*) "
        f"FROM {table(Answer)} WHERE value_int IS NOT NULL OR value_text <> '' "
        "GROUP BY 1, 2, 3, 4",
        [],
        analyze=table(Tally),
    )
    run.done("tallies", made)


def seed_scale(*, run: Run) -> None:
    template = template_default()
    run.begin("feedback", 4)
    seed_surveys(run, template)
    seed_responses(run)
    seed_answers(run, template)
    seed_tallies(run)
