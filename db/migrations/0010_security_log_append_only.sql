-- The security log is append-only like the audit log: updates are refused, and so are deletes of
-- entries younger than 30 days, the shortest retention SECURITY_LOG_RETENTION_DAYS may set.
CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log BEGIN SELECT RAISE(ABORT, 'security_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER security_log_no_early_delete BEFORE DELETE ON security_log
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')
BEGIN SELECT RAISE(ABORT, 'security_log keeps entries for at least 30 days'); END;
