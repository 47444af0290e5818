-- A refresh whose answer was lost can be asked again (issue 10, item 4). The client sends a
-- random retry key with each refresh; the successor refresh token is derived from the old token
-- and that key, so the server can give the same successor again without storing it. The old
-- token's row keeps only the SHA-256 of the key it was rotated with.
ALTER TABLE staff_tokens ADD COLUMN rotated_with bytea;
