-- The person's customer number as the latest population record holds it: sealed (docs/data-protection.md), never
-- plaintext. An import opens it to decide whether a row is unchanged; after an erasure it no longer opens.
alter table cmd_population add column customer_number text;
