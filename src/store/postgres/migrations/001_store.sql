-- The store's tables (see postgres-store.ts). Text columns compare as "C" (code units), as the
-- embedded store's indexes do, whatever the database's default collation.

-- The salt that keys every person (keyOf): one row, copied from secret.json by `together migrate`.
CREATE TABLE store_secret (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  salt text NOT NULL
);

-- One row per person: their document as JSON text, and the id of replies that may not have gone out.
CREATE TABLE people (
  key text COLLATE "C" PRIMARY KEY,
  doc text NOT NULL,
  unsent text
);
CREATE INDEX people_unsent ON people (key) WHERE unsent IS NOT NULL;

-- Shared documents (deprecated in the store contract, kept until the flows are migrated).
CREATE TABLE shared_docs (
  name text COLLATE "C" PRIMARY KEY,
  data text NOT NULL
);

-- Records of every collection. `data` is the record's JSON text as given; `keys` holds its
-- top-level string and number fields, which the per-field expression indexes (created when a
-- collection is first opened with its spec) sort and filter on.
CREATE TABLE records (
  collection text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  data text NOT NULL,
  keys jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (collection, id)
);
