-- Colloquy schema, part 12: who a transcript's speaker labels are. An imported meeting names its
-- speakers ("Ana", "ID (B)"); each label of a contribution is linked to a member of the space — by
-- name at import, or by a host who confirms or corrects it — or marked as nobody in the space
-- (user_id null). A statement's author is then its speaker's member when its label has a row here,
-- and the contribution's author when it has none (an upload of one's own video, a label-less turn).
create table speaker_links (
  contribution_id uuid not null references contributions (id) on delete cascade,
  speaker text not null,
  user_id uuid references users (id) on delete set null,
  -- 'name': matched by display name at import (unconfirmed); 'host': set or confirmed by a host
  source text not null check (source in ('name', 'host')),
  confirmed_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (contribution_id, speaker)
);
create index speaker_links_user on speaker_links (user_id) where user_id is not null;

-- Every statement with the person who said it: a member (user_id), an outside expert replying
-- through a forward (person_id), or nobody known (both null).
create view statement_authors as
  select s.id as statement_id, s.contribution_id,
         case when l.contribution_id is null then c.author_id else l.user_id end as user_id,
         case when l.contribution_id is null then c.outside_person_id end as person_id
    from statements s
    join contributions c on c.id = s.contribution_id
    left join speaker_links l on l.contribution_id = s.contribution_id and l.speaker = s.speaker;
