-- Issue 22: hand-over of the lead (主担当の引継ぎ) and late entry.
-- A referral may carry transfer_lead (1: accepting makes the receiver the
-- lead organization) and the day it was made (referred_on, may be in the
-- past; '' on older rows = the day of created_at). A team membership keeps
-- why it ended (a code of casework.TeamEndReasons; '' = open or unstated).
ALTER TABLE referrals ADD COLUMN transfer_lead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN referred_on TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
