-- Which version of the matcher's blocking keys account_block_keys holds (KEY_VERSION in
-- app/services/matching/keys.py). A newer code version rebuilds the keys in the background,
-- in batches, remembering how far it got (rebuilt_through: the last account id done).
CREATE TABLE block_key_state (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key_version      integer NOT NULL,
    rebuilding_to    integer,
    rebuilt_through  bigint  NOT NULL DEFAULT 0
);
-- Databases made before this table existed hold version 1 keys.
INSERT INTO block_key_state (key_version) VALUES (1);
