-- What a real database holds besides tables: code, partitions, policies, rules.
CREATE DOMAIN positive_int AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_int_check CHECK (VALUE > 0);
CREATE DOMAIN short_code AS varchar(8) COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
COMMENT ON DOMAIN short_code IS 'Upper-case letters';
CREATE TYPE address AS (street text, city varchar(100), zip char(5));
CREATE TYPE float_range AS RANGE (subtype = float8);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.21) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT amount * (1 + rate) $$;
CREATE PROCEDURE archive_all() LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'archived'; END $$;
CREATE FUNCTION sum_state(state numeric, value numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT state + value';
CREATE AGGREGATE total(numeric) (SFUNC = sum_state, STYPE = numeric, INITCOND = '0');

CREATE TABLE accounts (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric NOT NULL DEFAULT 0,
    qty positive_int,
    code short_code,
    home address,
    band float_range,
    updated_at timestamptz,
    balance_cents bigint GENERATED ALWAYS AS ((balance * 100)::bigint) STORED,
    note text
);
CREATE INDEX accounts_cents_idx ON accounts (balance_cents);
ALTER TABLE accounts ALTER COLUMN note SET STATISTICS 500;
ALTER TABLE accounts ALTER COLUMN owner SET STORAGE MAIN;
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_sane CHECK (balance > -1000000) NOT VALID;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER accounts_touch_insert BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE accounts DISABLE TRIGGER accounts_touch_insert;
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_owner ON accounts FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY accounts_write ON accounts AS RESTRICTIVE FOR UPDATE USING (balance >= 0) WITH CHECK (balance >= 0);

CREATE TABLE bookings (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tsrange NOT NULL,
    EXCLUDE USING gist (during WITH &&)
);

CREATE TABLE audit_log (id bigserial PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now(), message text);
CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;

CREATE TABLE measurements (
    city_id integer NOT NULL,
    logged_on date NOT NULL,
    peak integer,
    CONSTRAINT measurements_peak_check CHECK (peak > -100)
) PARTITION BY RANGE (logged_on);
CREATE INDEX measurements_city_idx ON measurements (city_id);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (city_id);
CREATE TABLE measurements_2025_one PARTITION OF measurements_2025 FOR VALUES IN (1);
CREATE TABLE measurements_default PARTITION OF measurements DEFAULT;

CREATE TABLE vehicles (id integer PRIMARY KEY, wheels integer CHECK (wheels >= 0));
CREATE TABLE trucks (payload integer) INHERITS (vehicles);

CREATE MATERIALIZED VIEW account_totals AS SELECT owner, sum(balance) AS total FROM accounts GROUP BY owner;
CREATE UNIQUE INDEX account_totals_owner ON account_totals (owner);
COMMENT ON MATERIALIZED VIEW account_totals IS 'Refreshed nightly';
CREATE VIEW guarded_accounts WITH (security_barrier = true) AS SELECT id, owner FROM accounts WHERE balance > 0;
