-- Crypto-shredding (docs/data-protection.md): one AES-256 data key per subject (person:<pseudonym>), wrapped with
-- AES-256-GCM by the master key kept outside the database (registry.privacy.master-key). Erasure deletes the row; the
-- application role owns this table (afterMigrate__application_role.sql), so it may delete keys, never events.
create table subject_key (
    subject      varchar(160) primary key,
    wrapped_key  text         not null,
    created_at   timestamptz  not null default now()
);

-- Subjects whose key was destroyed: no new key is made for them (a new key would seal data the erasure meant to end).
-- Holds pseudonyms only.
create table subject_key_destroyed (
    subject      varchar(160) primary key,
    destroyed_at timestamptz  not null
);

-- One value sealed under the master key at the first start: every later start (of any node) opens it first, so a node
-- given another master key file refuses to start instead of failing on every person's key.
create table subject_key_master_check (
    id      int  primary key check (id = 1),
    sealed  text not null
);
