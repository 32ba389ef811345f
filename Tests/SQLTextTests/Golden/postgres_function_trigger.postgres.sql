-- Audit columns and a trigger that maintains them.
CREATE TABLE accounts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    note        text DEFAULT E'it\'s; new',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

/* The trigger function: a plpgsql body in a dollar quote.
   /* nested comments are fine here; */ */
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- a semicolon; inside the body
    NEW.updated_at := now();
    RAISE NOTICE 'touched %; id=%', TG_TABLE_NAME, NEW.id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER accounts_touch
    BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- An SQL-standard body: BEGIN ATOMIC ... END is one statement.
CREATE FUNCTION account_count(min_id bigint) RETURNS bigint
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM accounts WHERE id >= min_id;
END;

DO $do$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'auditor') THEN
        EXECUTE $sql$CREATE ROLE auditor$sql$;
    END IF;
END
$do$;

PREPARE by_email(text) AS SELECT * FROM accounts WHERE email = $1;
SELECT account_count(1)
