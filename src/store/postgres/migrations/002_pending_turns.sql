-- Several instances: the ids of a person's turns whose replies may not have gone out yet, oldest
-- first. A save with an unsent mark appends its id (in the statement that writes the document);
-- a turn's replies going out remove its id and every earlier one (a person's replies go out in
-- order). Another instance reads it under the person's lock to keep those turns, and to wait for
-- them before sending a later turn's replies. `unsent` stays the newest id (NULL when none).
ALTER TABLE people ADD COLUMN pending text[] NOT NULL DEFAULT '{}';
UPDATE people SET pending = ARRAY[unsent] WHERE unsent IS NOT NULL;

-- The pending turns another instance took over to send, as '<turn id>>' || '<instance id>', because
-- their own instance seemed gone: that instance, if it was only slow, must not send them as well.
ALTER TABLE people ADD COLUMN taken text[] NOT NULL DEFAULT '{}';
