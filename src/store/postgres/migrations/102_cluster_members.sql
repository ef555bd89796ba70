-- What a member of the cluster is: a bot instance (`together start`), or a command-line session
-- (a data-changing `together` command joins for its locks while it runs). Only instances count as
-- alive for `together status` and for commands that need one running.
ALTER TABLE cluster_instances ADD COLUMN kind text NOT NULL DEFAULT 'instance' CHECK (kind IN ('instance', 'command'));
