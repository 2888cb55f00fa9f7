-- Issue 21: an organization is retired (廃止) rather than deleted, so that its
-- name stays on cases, referrals, meetings and audit events; a retired
-- organization is left out of every picker and takes no new team membership
-- or referral. The date is the JST day of retirement ('' = active).
ALTER TABLE organizations ADD COLUMN retired_on TEXT NOT NULL DEFAULT '';
