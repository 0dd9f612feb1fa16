-- The inboxes' read locks and taken-file marks when several instances share this database (docs/SCALE_OUT.md):
-- Camel's JDBC idempotent repository table, with the primary key Camel's own DDL lacks (two instances inserting
-- the same file at once: one insert wins), paths longer than 100 characters, and times with their zone (instances
-- in different time zones compare the same instants).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(2000) NOT NULL,
    createdAt     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
