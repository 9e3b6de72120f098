-- What the dashboard reads, indexed so that each page stays fast on a long history.

-- A printer's jobs, newest first (its page, and the job list filtered by printer).
CREATE INDEX jobs_printer_newest ON gateway.jobs (printer_id, created_at DESC, id DESC);
-- The job list filtered by status.
CREATE INDEX jobs_status_newest ON gateway.jobs (status, created_at DESC, id DESC);
-- Jobs a person must look at: failed, or completed with labels that failed.
CREATE INDEX jobs_needing_attention ON gateway.jobs (created_at DESC, id DESC)
    WHERE status = 'failed' OR (status = 'completed' AND failed_count > 0);
-- A job's reprints.
CREATE INDEX jobs_reprint_of ON gateway.jobs (reprint_of_job_id) WHERE reprint_of_job_id IS NOT NULL;
-- Finding a job by a lot printed on one of its labels.
CREATE INDEX job_labels_lot ON gateway.job_labels (lot) WHERE lot IS NOT NULL;
-- Labels printed per hour and per printer today (the job id makes it an index-only scan).
CREATE INDEX job_labels_printed ON gateway.job_labels (printed_at, job_id) WHERE printed_at IS NOT NULL;
-- Labels that failed, per hour: jobs that ended with some, by when they ended.
CREATE INDEX jobs_ended_with_failures ON gateway.jobs (completed_at) INCLUDE (failed_count) WHERE failed_count > 0;
