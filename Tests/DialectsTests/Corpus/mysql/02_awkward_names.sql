-- Reserved words, mixed case, quotes and long names.
CREATE TABLE `order` (
  `select` INT NOT NULL,
  `Mixed Case` VARCHAR(10) COLLATE utf8mb4_bin,
  `we"ird` INT,
  `we``ird` INT,
  `a_column_name_that_is_really_quite_long_indeed_sixty_chars_x` INT,
  PRIMARY KEY (`select`)
);

CREATE TABLE `Parent Table` (
  `ID` INT NOT NULL PRIMARY KEY,
  `parent_id` INT NULL,
  `order_ref` INT,
  CONSTRAINT `self ref` FOREIGN KEY (`parent_id`) REFERENCES `Parent Table` (`ID`) ON DELETE SET NULL,
  FOREIGN KEY (`order_ref`) REFERENCES `order` (`select`)
);

CREATE INDEX `index_with_a_very_long_name_that_goes_on_and_on_for_sixty_ch` ON `order` (`we"ird`, `we``ird`);
CREATE VIEW `select` AS SELECT `select`, `Mixed Case` FROM `order` WHERE `Mixed Case` <> 'it''s';
