-- Objects Strata carries without modelling.
CREATE TABLE accounts (
  id INT NOT NULL PRIMARY KEY,
  first_name VARCHAR(50) NOT NULL,
  last_name VARCHAR(50) NOT NULL,
  full_name VARCHAR(101) AS (CONCAT(first_name, ' ', last_name)) VIRTUAL,
  name_length INT AS (CHAR_LENGTH(first_name)) STORED,
  touched_at DATETIME NULL,
  KEY by_full_name (full_name)
);

CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.touched_at = NOW();

CREATE TABLE readings (
  id INT NOT NULL,
  taken_on DATE NOT NULL,
  PRIMARY KEY (id, taken_on)
) PARTITION BY RANGE (YEAR(taken_on)) (
  PARTITION p2023 VALUES LESS THAN (2024),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE tuned (
  id INT NOT NULL PRIMARY KEY
) STATS_PERSISTENT=0;

CREATE PROCEDURE add_account(IN new_id INT)
BEGIN
  INSERT INTO accounts (id, first_name, last_name) VALUES (new_id, 'a', 'b');
END;

CREATE FUNCTION double_it(v INT) RETURNS INT DETERMINISTIC RETURN v * 2;

CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO DELETE FROM accounts WHERE id < 0;

CREATE TABLE strata_migrations (version VARCHAR(50) NOT NULL PRIMARY KEY);
CREATE TABLE strata_migrations_log (id INT NOT NULL PRIMARY KEY);
CREATE TABLE strata_migrations_meta (id INT NOT NULL PRIMARY KEY);
