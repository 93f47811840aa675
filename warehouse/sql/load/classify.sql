-- classified: every non-rejected batch row gets exactly one outcome (narrow: keys and outcome).
-- Grain: one row per batch row (_seq). Inputs: temp table batch(_key, source, updated_at,
-- row_hash, raw_hash, _seq) and temp view existing(_key, source, updated_at, row_hash).
-- Rules, as if rows were applied one by one in (updated_at, _seq) order:
--   duplicate: the same raw content as an earlier row of the same file (_seq = file * 1e9 + row);
--   unchanged: not newer than what is already known, or the same content;
--   inserted:  first version of a key the warehouse did not have;
--   updated:   a newer, different version of a known key (later version in the run wins).
-- Only keys with more than one version in the run need ordering: the others (nearly all) skip
-- the window sort, and duplicates are found by grouping, which is cheaper than a window.
CREATE OR REPLACE TEMP TABLE classified AS
WITH firsts AS (  -- the first row of each raw content per file; later ones are duplicates
    SELECT min(_seq) AS _seq FROM batch GROUP BY raw_hash, _seq // 1000000000
),
candidates AS (
    SELECT b.* FROM batch AS b SEMI JOIN firsts AS f ON f._seq = b._seq
),
repeated AS (  -- keys with more than one version in this run: only they need ordering
    SELECT source, _key FROM candidates GROUP BY ALL HAVING count(*) > 1
),
ordered AS (
    SELECT c.*, 1 AS version_no, NULL::UBIGINT AS prev_hash, NULL::TIMESTAMP AS prev_updated
    FROM candidates AS c ANTI JOIN repeated AS r ON r.source = c.source AND r._key = c._key
    UNION ALL
    SELECT
        c.*,
        row_number() OVER w AS version_no,
        lag(c.row_hash) OVER w AS prev_hash,
        max(c.updated_at) OVER (PARTITION BY c.source, c._key ORDER BY c.updated_at, c._seq
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_updated
    FROM candidates AS c SEMI JOIN repeated AS r ON r.source = c.source AND r._key = c._key
    WINDOW w AS (PARTITION BY c.source, c._key ORDER BY c.updated_at, c._seq)
),
judged AS (
    SELECT
        o._seq,
        o._key,
        o.source,
        o.updated_at,
        CASE
            WHEN e._key IS NOT NULL AND (o.updated_at < e.updated_at OR o.row_hash = e.row_hash) THEN 'unchanged'
            WHEN o.version_no > 1 AND (o.row_hash = o.prev_hash OR o.updated_at < o.prev_updated) THEN 'unchanged'
            WHEN e._key IS NULL AND o.version_no = 1 THEN 'inserted'
            ELSE 'updated'
        END AS outcome
    FROM ordered AS o
    LEFT JOIN existing AS e ON e._key = o._key AND e.source = o.source
)
SELECT _seq, _key, source, updated_at, outcome FROM judged
UNION ALL
SELECT b._seq, b._key, b.source, b.updated_at, 'duplicate' FROM batch AS b ANTI JOIN firsts AS f ON f._seq = b._seq;
