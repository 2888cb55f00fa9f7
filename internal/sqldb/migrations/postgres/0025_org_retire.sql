-- Issue 21: an organization is retired (廃止) rather than deleted, so that its
-- name stays on cases, referrals, meetings and audit events; a retired
-- organization is left out of every picker and takes no new team membership
-- or referral. The date is the JST day of retirement ('' = active).
ALTER TABLE organizations ADD COLUMN retired_on TEXT NOT NULL DEFAULT '';
-- 運営 as chosen: 'direct' 直営 or 'independent' 委託なし when not contracted
-- ('' = follows the kind; contracted stays the flag for 委託).
ALTER TABLE organizations ADD COLUMN operation TEXT NOT NULL DEFAULT '';
