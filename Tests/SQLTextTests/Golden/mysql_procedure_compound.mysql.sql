-- The same kind of routines without DELIMITER: compound bodies are found by nesting.
CREATE PROCEDURE transfer(IN from_id INT, IN to_id INT, IN amount DECIMAL(10,2))
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;
  START TRANSACTION;
  retry: LOOP
    UPDATE accounts SET balance = balance - amount WHERE id = from_id;
    CASE WHEN amount > 1000 THEN INSERT INTO audit VALUES (from_id, 'large'); ELSE BEGIN END; END CASE;
    WHILE amount < 0 DO SET amount = amount + 1; END WHILE;
    REPEAT SET amount = amount; UNTIL TRUE END REPEAT;
    LEAVE retry;
  END LOOP retry;
  UPDATE accounts SET balance = balance + amount WHERE id = to_id;
  COMMIT;
END;

CREATE FUNCTION fee(amount DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC
RETURN IF(amount > 100, amount * 0.01, 1);

BEGIN;
CALL transfer(1, 2, 10.00);
COMMIT;
--this line is code in MySQL, not a comment
