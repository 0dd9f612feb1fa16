-- Which hub instance ran each batch (hub.instance.id; several instances may share one PostgreSQL).
ALTER TABLE batches ADD COLUMN instance TEXT;
