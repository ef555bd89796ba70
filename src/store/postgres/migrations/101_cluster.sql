-- The cluster (src/cluster/): instances with heartbeats, leases on what must run once, and the
-- platform updates already handled (a redelivery handled by another instance is not handled twice).
-- Every time here is the database's own clock, so instances on machines whose clocks differ agree.

CREATE TABLE cluster_instances (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cluster_leases_holder ON cluster_leases (holder);

CREATE TABLE cluster_updates (
  id text PRIMARY KEY,
  handled_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cluster_updates_handled_at ON cluster_updates (handled_at);
