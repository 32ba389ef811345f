/// The set-based catalog queries of the PostgreSQL inspector, each over the whole
/// namespace (`$1`, its OID). Objects that belong to an extension (`pg_depend` deptype `e`)
/// are left out: the extension re-creates them.
enum PostgresCatalogSQL {
    private static func notInExtension(_ catalog: String, _ oid: String) -> String {
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '\(catalog)'::regclass AND e.objid = \(oid) AND e.deptype = 'e')"
    }

    /// Tables, partitioned tables, views and materialized views.
    static let relations = """
        SELECT c.oid::int8, c.relname::text, c.relkind::text, c.relpersistence::text, c.reloptions::text[],
          c.relispartition, c.relrowsecurity, c.relforcerowsecurity, d.description,
          CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END,
          CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
          CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
          (SELECT array_agg(i.inhparent::regclass::text ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid),
          c.relispopulated
        FROM pg_catalog.pg_class c
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
        WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND \(notInExtension("pg_catalog.pg_class", "c.oid"))
        """

    /// The columns of tables, partitioned tables and materialized views, in table order. A default has no column
    /// references, so it is deparsed without the table (`pg_get_expr(…, 0)`), which is faster.
    static let columns = """
        SELECT a.attrelid::int8, a.attnum::int, a.attname::text,
          pg_catalog.format_type(a.atttypid, a.atttypmod), pg_catalog.format_type(a.atttypid, NULL),
          t.typtype::text, t.typnamespace = $1, t.typname::text, a.attnotnull,
          CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0) ELSE pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
          a.attidentity::text, a.attgenerated::text,
          co.collname::text, d.description, a.attstattarget::int,
          CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END, a.attcompression::text
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
        WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """

    /// Primary keys, unique, foreign key, check and exclusion constraints of tables; the
    /// definition (`pg_get_constraintdef`, which costs) only where the model needs its text.
    static func constraints(version: Int) -> String {
        let setColumns = version >= 150000 ? "co.confdelsetcols IS NOT NULL" : "false"
        let nullsNotDistinct = version >= 150000 ? "coalesce(i.indnullsnotdistinct, false)" : "false"
        return """
            SELECT co.conrelid::int8, co.conname::text, co.contype::text, co.condeferrable, co.condeferred,
              co.convalidated, co.connoinherit, co.conparentid <> 0,
              CASE WHEN co.contype IN ('c', 'x') OR NOT co.convalidated OR co.confmatchtype = 'p' OR \(setColumns)
                OR coalesce(i.indnatts <> i.indnkeyatts OR ic.reloptions IS NOT NULL OR ic.reltablespace <> 0, false)
                OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ga WHERE ga.attrelid = co.conrelid AND ga.attnum = ANY (co.conkey) AND ga.attgenerated <> '')
              THEN pg_catalog.pg_get_constraintdef(co.oid, true) END,
              co.conkey::int2[],
              array(SELECT a.attname::text FROM unnest(co.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.o),
              rc.relname::text, rn.nspname::text, co.confupdtype::text, co.confdeltype::text, co.confmatchtype::text,
              \(setColumns), \(nullsNotDistinct),
              coalesce(i.indnatts <> i.indnkeyatts OR ic.reloptions IS NOT NULL OR ic.reltablespace <> 0, false)
            FROM pg_catalog.pg_constraint co
            JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
            LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u')
            LEFT JOIN pg_catalog.pg_class ic ON ic.oid = co.conindid AND co.contype IN ('p', 'u')
            WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p') AND co.contype IN ('p', 'u', 'f', 'c', 'x')
            """
    }

    /// Indexes of tables, partitioned tables and materialized views that back no constraint.
    static func indexes(version: Int) -> String {
        let nullsNotDistinct = version >= 150000 ? "i.indnullsnotdistinct" : "false"
        return """
            SELECT i.indrelid::int8, ic.relname::text, i.indisunique, i.indnatts::int, i.indnkeyatts::int,
              i.indkey::int2[], i.indoption::int2[],
              CASE WHEN i.indexprs IS NOT NULL THEN
                array(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts::int) k ORDER BY k) END,
              array(SELECT CASE WHEN oc.oid IS NULL OR oc.opcdefault THEN NULL ELSE oc.opcname::text END
                    FROM unnest(i.indclass) WITH ORDINALITY x(o, n) LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = x.o ORDER BY x.n),
              array(SELECT CASE WHEN x.o = 0 OR x.o = coalesce(att.attcollation, 100) THEN NULL ELSE coll.collname::text END
                    FROM unnest(i.indcollation) WITH ORDINALITY x(o, n)
                    LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = i.indkey[x.n - 1]
                    LEFT JOIN pg_catalog.pg_collation coll ON coll.oid = x.o ORDER BY x.n),
              am.amname::text, ic.reloptions::text[], pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
              \(nullsNotDistinct), d.description,
              array(SELECT dep.refobjsubid::int FROM pg_catalog.pg_depend dep
                    WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = i.indexrelid
                      AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = i.indrelid AND dep.refobjsubid > 0),
              EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
            JOIN pg_catalog.pg_am am ON am.oid = ic.relam
            LEFT JOIN pg_catalog.pg_description d ON d.objoid = i.indexrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
            WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'm')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
                              WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))
            """
    }

    /// Sequences with their options and the column that owns them (`a`: `OWNED BY`,
    /// `i`: an identity's).
    static let sequences = """
        SELECT c.relname::text, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart::int8, s.seqincrement::int8,
          s.seqmax::int8, s.seqmin::int8, s.seqcache::int8, s.seqcycle,
          dep.deptype::text, oc.relname::text, oa.attname::text, oc.relnamespace = $1, d.description
        FROM pg_catalog.pg_sequence s
        JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
        LEFT JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid
          AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype IN ('a', 'i') AND dep.refobjsubid > 0
        LEFT JOIN pg_catalog.pg_class oc ON oc.oid = dep.refobjid
        LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
        WHERE c.relnamespace = $1 AND c.relkind = 'S' AND \(notInExtension("pg_catalog.pg_class", "c.oid"))
        """

    /// Enumeration, domain, composite and range types.
    static let types = """
        SELECT t.typname::text, t.typtype::text,
          CASE WHEN t.typtype = 'e' THEN array(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
          CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
          t.typnotnull, t.typdefault,
          CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN pg_catalog.quote_ident(coll.collname) END,
          CASE WHEN t.typtype = 'd' THEN array(SELECT 'CONSTRAINT ' || pg_catalog.quote_ident(dc.conname) || ' ' || pg_catalog.pg_get_constraintdef(dc.oid, true)
                FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid ORDER BY dc.conname) END,
          CASE WHEN t.typtype = 'c' THEN array(SELECT pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attcollation <> at.typcollation THEN ' COLLATE ' || pg_catalog.quote_ident(ac.collname) ELSE '' END
                FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
                LEFT JOIN pg_catalog.pg_collation ac ON ac.oid = a.attcollation
                WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) END,
          CASE WHEN t.typtype = 'r' THEN (SELECT pg_catalog.format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid) END,
          d.description
        FROM pg_catalog.pg_type t
        LEFT JOIN pg_catalog.pg_class rc ON rc.oid = t.typrelid
        LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
        LEFT JOIN pg_catalog.pg_collation coll ON coll.oid = t.typcollation
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass AND d.objsubid = 0
        WHERE t.typnamespace = $1 AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND rc.relkind = 'c'))
          AND \(notInExtension("pg_catalog.pg_type", "t.oid"))
        """

    /// Triggers, rules, policies, functions, procedures, aggregates and extensions: kind,
    /// name, table, definition, and a trigger's enabled state.
    static let objects = """
        SELECT 'trigger', tg.tgname::text, c.relname::text, pg_catalog.pg_get_triggerdef(tg.oid, true), tg.tgenabled::text
        FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
        WHERE c.relnamespace = $1 AND NOT tg.tgisinternal AND tg.tgparentid = 0
        UNION ALL
        SELECT 'rule', r.rulename::text, c.relname::text, pg_catalog.pg_get_ruledef(r.oid, true), NULL
        FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
        WHERE c.relnamespace = $1 AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT 'policy', p.polname::text, c.relname::text,
          'CREATE POLICY ' || pg_catalog.quote_ident(p.polname) || ' ON ' || pg_catalog.quote_ident(c.relname)
          || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END
          || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
          || ' TO ' || (SELECT string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.oid)) END, ', ' ORDER BY r.n)
                       FROM unnest(p.polroles) WITH ORDINALITY r(oid, n))
          || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '')
          || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
          NULL
        FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
        WHERE c.relnamespace = $1
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
          p.proname::text || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL,
          CASE WHEN p.prokind = 'a' THEN
            'CREATE AGGREGATE ' || pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_arguments(p.oid) || ') (SFUNC = '
            || ag.aggtransfn::regproc::text || ', STYPE = ' || pg_catalog.format_type(ag.aggtranstype, NULL)
            || coalesce(', FINALFUNC = ' || nullif(ag.aggfinalfn, 0)::regproc::text, '')
            || coalesce(', INITCOND = ' || pg_catalog.quote_literal(ag.agginitval), '') || ')'
          ELSE pg_catalog.pg_get_functiondef(p.oid) END,
          NULL
        FROM pg_catalog.pg_proc p LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
        WHERE p.pronamespace = $1 AND \(notInExtension("pg_catalog.pg_proc", "p.oid"))
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_catalog.pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')
        UNION ALL
        SELECT 'extension', x.extname::text, NULL, 'CREATE EXTENSION IF NOT EXISTS ' || pg_catalog.quote_ident(x.extname), NULL
        FROM pg_catalog.pg_extension x WHERE x.extnamespace = $1
        ORDER BY 1, 3 NULLS FIRST, 2
        """
}
