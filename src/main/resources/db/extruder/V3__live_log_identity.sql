-- A live log is more than its name (docs/EXTRUDER.md, "A file is more than its name"). For each run, the name its
-- log was last seen under in hub.extruder.live-dir (NULL once the run no longer follows a file there), the file
-- system's key for that file (device and inode) and a fingerprint of the bytes read up to bytes_done: a file under
-- that name whose fingerprint no longer matches is a new recording, and a file under a new name with the same key
-- and fingerprint is the same log renamed. status_reason says why a run ended other than complete.
ALTER TABLE runs ADD COLUMN live_name TEXT;
ALTER TABLE runs ADD COLUMN file_key TEXT;
ALTER TABLE runs ADD COLUMN fingerprint TEXT;
ALTER TABLE runs ADD COLUMN status_reason TEXT;
-- runs loaded before this version were found by their file name
UPDATE runs SET live_name = source_file;
CREATE INDEX runs_live_name ON runs (live_name);
