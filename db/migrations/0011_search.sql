-- Colloquy schema, part 11 (search): term statistics for BM25 ranking of statements, and a speaker index. ts_rank_cd knows
-- neither how rare a word is nor how long a statement is; BM25 needs both: each lexeme's document
-- frequency (term_stats) and the number of statements and of tokens (statement_corpus, one row).
-- Triggers keep them right on insert, delete and text change, so they hold on PGlite and on a
-- server alike, with no batch job.

-- Tokens of a tsvector: the positions of all its lexemes (a stripped lexeme counts once).
create function tsv_tokens(t tsvector) returns integer
language sql immutable parallel safe as $$
  select coalesce(sum(coalesce(cardinality(positions), 1)), 0)::integer from unnest(t)
$$;

create table term_stats (
  lexeme text primary key,
  df integer not null
);

create table statement_corpus (
  one boolean primary key default true check (one),
  statements bigint not null,
  tokens bigint not null
);

insert into statement_corpus (statements, tokens)
select count(*), coalesce(sum(tsv_tokens(tsv)), 0) from statements;

insert into term_stats (lexeme, df)
select lexeme, count(*) from statements, unnest(tsvector_to_array(tsv)) as lexeme group by lexeme;

-- One function for the three events: `sign` is +1 for added rows, -1 for removed ones. The corpus
-- row is updated first: it serialises concurrent writers before they lock any term row, so two
-- transactions inserting statements cannot deadlock on the term rows.
create function term_stats_apply(changed tsvector[], sign integer) returns void
language plpgsql as $$
begin
  if cardinality(changed) = 0 then return; end if;
  update statement_corpus
     set statements = statements + sign * cardinality(changed),
         tokens = tokens + sign * (select coalesce(sum(tsv_tokens(t)), 0) from unnest(changed) as t);
  if sign > 0 then
    insert into term_stats as ts (lexeme, df)
    select lexeme, count(*) from unnest(changed) as t, unnest(tsvector_to_array(t)) as lexeme
     group by lexeme order by lexeme
    on conflict (lexeme) do update set df = ts.df + excluded.df;
  else
    update term_stats ts set df = ts.df - gone.n
      from (select lexeme, count(*) as n from unnest(changed) as t, unnest(tsvector_to_array(t)) as lexeme
             group by lexeme order by lexeme) gone
     where ts.lexeme = gone.lexeme;
    delete from term_stats where df <= 0;
  end if;
end $$;

create function statements_terms_inserted() returns trigger
language plpgsql as $$
begin
  perform term_stats_apply(array(select tsv from new_rows), 1);
  return null;
end $$;

create function statements_terms_deleted() returns trigger
language plpgsql as $$
begin
  perform term_stats_apply(array(select tsv from old_rows), -1);
  return null;
end $$;

-- Only rows whose text changed move the statistics (gists and labels are written by updates too).
create function statements_terms_updated() returns trigger
language plpgsql as $$
begin
  perform term_stats_apply(array(select o.tsv from old_rows o join new_rows n using (id) where o.tsv is distinct from n.tsv), -1);
  perform term_stats_apply(array(select n.tsv from old_rows o join new_rows n using (id) where o.tsv is distinct from n.tsv), 1);
  return null;
end $$;

create trigger statements_terms_insert after insert on statements
  referencing new table as new_rows for each statement execute function statements_terms_inserted();
create trigger statements_terms_delete after delete on statements
  referencing old table as old_rows for each statement execute function statements_terms_deleted();
create trigger statements_terms_update after update on statements
  referencing old table as old_rows new table as new_rows for each statement execute function statements_terms_updated();

-- A speaker filter compares lower(speaker): with this index a rare speaker's statements are found
-- without reading the table (the vector search then ranks them exactly, search.ts).
create index statements_speaker on statements (lower(speaker));
