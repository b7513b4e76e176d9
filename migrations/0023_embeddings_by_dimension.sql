-- Knowledge embeddings of any common size, each in a column (and HNSW index) of its own: 384
-- (bge-small), 512 (Universal Sentence Encoder), 768 (bge-base), 1024 (bge-m3), 1536 (OpenAI's
-- text-embedding-3-small). A vector is stored unpadded, beside the model that made it and a hash
-- of the text it was made from, so that an entry is re-embedded when its text or the model changes.
-- Without pgvector (stock PostgreSQL) the columns are real[] and similarity search is unavailable.
alter table knowledge_entries rename column embedding to embedding_1536;
alter index if exists knowledge_entries_embedding_idx rename to knowledge_entries_embedding_1536_idx;
alter table knowledge_entries
  add column embedding_dimensions smallint,
  add column embedded_text_hash text,
  add column embedded_at timestamptz,
  add constraint knowledge_entries_embedding_dimensions_check
    check (embedding_dimensions is null or embedding_dimensions in (384, 512, 768, 1024, 1536));
do $$
declare
  has_vector boolean := exists (select 1 from pg_extension where extname = 'vector');
  size integer;
begin
  foreach size in array array[384, 512, 768, 1024] loop
    execute format('alter table knowledge_entries add column %I %s', 'embedding_' || size,
      case when has_vector then format('vector(%s)', size) else 'real[]' end);
    if has_vector then
      execute format('create index %I on knowledge_entries using hnsw (%I vector_cosine_ops)',
        'knowledge_entries_embedding_' || size || '_idx', 'embedding_' || size);
    end if;
  end loop;
end
$$;
-- Vectors stored before this were padded to 1536 whatever their model: they are made again.
update knowledge_entries set embedding_1536 = null, embedding_model = null where embedding_1536 is not null;
-- What the re-embedding sweep looks for: entries whose vector is missing or of another model.
create index knowledge_entries_embedding_model_idx on knowledge_entries (organization_id, embedding_model);
