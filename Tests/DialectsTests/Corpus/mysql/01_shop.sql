-- A shop, as an ORM and a few hand-run scripts left it.
CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  display_name VARCHAR(100) NOT NULL DEFAULT '',
  is_active TINYINT(1) NOT NULL DEFAULT 1,
  balance DECIMAL(12,2) NOT NULL DEFAULT '0.00',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY customers_email_unique (email)
) ENGINE=InnoDB COMMENT='People who buy';

CREATE TABLE products (
  id INT(11) NOT NULL AUTO_INCREMENT,
  sku CHAR(12) NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT,
  price DECIMAL(10,2) NOT NULL,
  status ENUM('draft','live','it''s gone') NOT NULL DEFAULT 'draft',
  tags SET('a','b','c') DEFAULT NULL,
  weight FLOAT DEFAULT NULL,
  ratio DOUBLE DEFAULT 0.5,
  uuid CHAR(36) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (sku),
  KEY idx_title_prefix (title(20)),
  FULLTEXT KEY ft_description (description),
  CONSTRAINT price_positive CHECK (price >= 0)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT UNSIGNED NOT NULL,
  placed_on DATE NOT NULL,
  note VARCHAR(255) CHARACTER SET latin1 DEFAULT 'a\\b',
  total DECIMAL(12,2) NOT NULL DEFAULT 0,
  FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
  KEY orders_recent (placed_on DESC, id)
);

CREATE TABLE order_items (
  order_id BIGINT NOT NULL,
  product_id INT NOT NULL,
  quantity SMALLINT NOT NULL DEFAULT 1,
  PRIMARY KEY (order_id, product_id),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT,
  CHECK (quantity > 0)
);

CREATE VIEW live_products AS SELECT id, title, price FROM products WHERE status = 'live';
CREATE VIEW cheap_live_products AS SELECT id, title FROM live_products WHERE price < 10 WITH LOCAL CHECK OPTION;
