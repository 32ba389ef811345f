-- Two tables that refer to each other, engines, row formats, comments.
CREATE TABLE departments (
  id INT NOT NULL PRIMARY KEY,
  name VARCHAR(50) NOT NULL COMMENT 'shown on badges',
  manager_id INT NULL
) ROW_FORMAT=COMPRESSED COMMENT 'Org units';

CREATE TABLE employees (
  id INT NOT NULL PRIMARY KEY,
  department_id INT NOT NULL,
  hired DATETIME(3) NOT NULL DEFAULT '2000-01-01 00:00:00.000',
  start_time TIME DEFAULT '09:00:00',
  badge VARBINARY(16),
  photo LONGBLOB,
  KEY by_department (department_id) COMMENT 'who works where',
  CONSTRAINT employees_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

ALTER TABLE departments ADD CONSTRAINT departments_manager FOREIGN KEY (manager_id) REFERENCES employees (id) ON DELETE SET NULL ON UPDATE NO ACTION;

CREATE TABLE audit_log (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  message VARCHAR(500) NOT NULL
) ENGINE=MyISAM;

CREATE TABLE settings (
  `key` VARCHAR(64) NOT NULL PRIMARY KEY,
  `value` JSON,
  yr YEAR,
  flags BIT(8) DEFAULT b'101',
  counter MEDIUMINT UNSIGNED ZEROFILL
);
