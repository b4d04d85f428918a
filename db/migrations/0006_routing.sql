-- Colloquy schema, part 6: routing (who should see a statement), forwards and outside replies.

-- The name an outside expert replied under, kept on the contribution so the reply stays attributed
-- when the directory entry is later edited or deleted (outside_person_id is then set null).
alter table contributions add column outside_name text;
create index contributions_outside_person on contributions (outside_person_id) where outside_person_id is not null;

-- Suggestions gather each candidate's statements in a space by contribution author.
create index contributions_author on contributions (author_id) where author_id is not null;

-- An expert's replies through one forward (the expert page lists them).
create index contributions_via_forward on contributions (via_forward_id) where via_forward_id is not null;
