-- Issue 21: japanese.NameKey now folds Latin letters to lower case, so that
-- NGUYEN, nguyen and Ｎｇｕｙｅｎ find the same persons. Keys stored before
-- are folded here (NFKC had already made full-width letters ASCII); the
-- trigger on persons logs each change for the in-process name index, which
-- also folds case itself.
UPDATE persons SET name_key = lower(name_key) WHERE name_key <> lower(name_key);
