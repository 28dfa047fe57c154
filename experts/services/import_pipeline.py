"""Writing an import's chunks while the next one is prepared.

On PostgreSQL, when the run is not inside a caller's transaction (a Celery worker, an eager task
run on commit), a chunk goes through three stages, each in its own thread with its own database
connection, so that Python and two database backends work at the same time:

1. the caller's thread reads and plans chunk n+2 and prepares its rows (ImportWriter.prepare:
   lookups, reference data, new primary keys from the sequence, the row log's data);
2. the experts thread writes the experts of chunk n+1 (ImportWriter.flush_experts) and commits;
3. the log thread, once those experts have committed, writes the specialties and the row log of
   chunk n (ImportWriter.flush_log) with the job's progress, and commits.

The progress counts only rows whose outcome is recorded. At most one chunk waits at each stage.
An error at any stage is raised in the caller at its next chunk or at the end; no later stage
runs for that chunk, and the chunks before it stay written and logged. A chunk's experts commit
before its row log: if the process dies between the two, the job stays failed or unfinished and
importing the file again finds those experts by their external ids (updated, specialties linked).

Planning a chunk before the previous ones have committed changes no outcome: the planner matches
a row against rows earlier in the file from its own memory (the same external id, the same
person), and against the database only for experts that were there before the import started.

Inside a caller's transaction (tests, SQLite) every chunk is written in the caller's thread, in
one transaction: a second connection would not see the caller's uncommitted rows.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, transaction

from experts.models import ImportJob
from experts.services.import_writer import Batch, ImportWriter


def _can_overlap() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _close_connection() -> None:
    connection.close()  # run in a stage's thread: that thread's own connection


class ChunkWriter:
    """`write(planned)` chunk after chunk, then `close()` (use as a context manager)."""

    def __init__(self, job: ImportJob, *, total: int, overlap: bool | None = None):
        self.job, self.total, self.logged = job, total, 0
        self.writer = ImportWriter(job)
        overlap = _can_overlap() if overlap is None else overlap
        self.stages = (
            [ThreadPoolExecutor(1, thread_name_prefix=f"import-{n}") for n in ("experts", "log")]
            if overlap
            else []
        )
        self.experts: tuple[Future, Batch] | None = None  # stage 2's chunk
        self.log: Future | None = None  # stage 3's chunk

    @property
    def counts(self) -> dict:
        return dict(self.writer.counts)

    def write(self, planned: list) -> None:
        batch = self.writer.prepare(planned)
        if not self.stages:
            with transaction.atomic():
                self.writer.flush_experts(batch)
                self._log(batch)
            return
        self._advance()
        self.experts = (self.stages[0].submit(self._flush_experts, batch), batch)

    def _advance(self) -> None:
        """Hand the chunk whose experts are being written to the log stage once they have
        committed (the log stage's previous chunk done first)."""
        if self.experts is None:
            return
        (future, batch), self.experts = self.experts, None
        future.result()  # stage 2's error, if any, is raised here
        if self.log is not None:
            self.log.result()
        self.log = self.stages[1].submit(self._log_chunk, batch)

    def _flush_experts(self, batch: Batch) -> None:
        with transaction.atomic():
            self.writer.flush_experts(batch)

    def _log_chunk(self, batch: Batch) -> None:
        with transaction.atomic():
            self._log(batch)

    def _log(self, batch: Batch) -> None:
        self.writer.flush_log(batch)
        self.logged = min(self.logged + len(batch.planned), self.total)
        ImportJob.objects.filter(pk=self.job.pk).update(
            processed_rows=self.logged, counts=dict(self.writer.counts)
        )

    def close(self, *, raising: bool = True) -> None:
        """Finish the chunks in flight, then close the stages' connections and threads.
        `raising=False` (the caller is failing already): chunks whose experts committed are
        still logged, and a stage's own error is not raised over the caller's."""
        if not self.stages:
            return
        try:
            self._advance()
            if self.log is not None:
                self.log.result()
        except Exception:
            if raising:
                raise
        finally:
            self.log = None
            for stage in self.stages:  # each stage closes after the work queued before it
                stage.submit(_close_connection).result()
                stage.shutdown()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(raising=exc_type is None)
