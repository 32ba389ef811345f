-- Orders and a procedure, mysqldump style.
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

CREATE TABLE `orders` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `status` VARCHAR(20) NOT NULL DEFAULT 'new', # one of: new; paid; shipped
  `note` TEXT,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

DELIMITER $$
CREATE DEFINER=`admin`@`%` PROCEDURE `close_orders`(IN days INT)
BEGIN
  DECLARE done INT DEFAULT 0;
  UPDATE orders SET status = 'closed', note = 'it\'s done; really'
   WHERE status = 'paid';
  IF ROW_COUNT() = 0 THEN
    SELECT 'nothing to close' AS message;
  END IF;
END$$

CREATE TRIGGER orders_bi BEFORE INSERT ON orders
FOR EACH ROW
BEGIN
  IF NEW.status IS NULL THEN SET NEW.status = 'new'; END IF;
END $$
DELIMITER ;

CALL close_orders(30);
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
