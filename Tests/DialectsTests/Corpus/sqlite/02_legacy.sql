-- Shapes found in old SQLite databases: loose types, odd quoting, nullable keys.
CREATE TABLE "Customer" (
    [CustomerId] INT PRIMARY KEY,               -- INT, not INTEGER: no rowid alias
    `FirstName` NVARCHAR(40) NOT NULL,
    "LastName" nvarchar ( 20 ) NOT NULL,
    Company    NVARCHAR(80),
    Balance    unsigned big int DEFAULT 0,
    Fax,
    Status     DEFAULT active,
    Rating     NUMERIC(3) DEFAULT '5',
    Ratio      DOUBLE PRECISION DEFAULT -.25,
    Flags      BLOB DEFAULT x'00ff',
    Hex        INTEGER DEFAULT 0x10,
    Sci        REAL DEFAULT 1e3
);

CREATE TABLE lookup (
    code TEXT PRIMARY KEY,     -- nullable in SQLite unless NOT NULL
    label TEXT NOT NULL COLLATE RTRIM,
    CONSTRAINT lookup_label_unique UNIQUE (label)
    CONSTRAINT lookup_code_check CHECK (code <> '')
    CHECK (label /* no blanks */ <> '')
);

CREATE TABLE "Invoice Line" (
    "Line ID" INTEGER NOT NULL,
    "Invoice" INTEGER NOT NULL,
    "Customer" INT CONSTRAINT line_customer_fk REFERENCES "Customer" ("CustomerId") ON UPDATE NO ACTION ON DELETE SET DEFAULT,
    "Code" TEXT REFERENCES lookup MATCH FULL,
    "Qty" SMALLINT NOT NULL DEFAULT (1),
    "Price" DECIMAL(10, 2) NOT NULL CHECK ("Price" >= 0),
    CONSTRAINT "Invoice Line PK" PRIMARY KEY ("Invoice", "Line ID")
);
CREATE UNIQUE INDEX "Invoice Line by code" ON "Invoice Line" ("Code" COLLATE NOCASE, "Qty" DESC);

CREATE TABLE "select" ("order" TEXT, "group" INTEGER, "from" BIGINT PRIMARY KEY);
CREATE INDEX "where" ON "select" ("order", "group");

CREATE VIEW "Customer names" AS SELECT "FirstName" || ' ' || "LastName" AS name FROM "Customer" -- trailing comment
;
