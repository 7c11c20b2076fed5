import { z } from 'zod';
import { LABELS } from './labels.ts';

/**
 * The shape of `data/rules/pledge.yaml`: the four clauses of the ASN neutrality pledge (ikrar
 * netralitas ASN), the eleven acts of the SKB 2022 with their sanction levels, and what each
 * netra label maps to (pledge clause, SKB items, sanction, legal basis).
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
const source = z.string().min(1);
const labelKey = z.enum(LABELS);
const sanction = z.enum(['ringan', 'sedang', 'berat', 'berat_atau_sedang', 'ptdh']);

export const pledgeSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).transform(String),
  date: day,
  pledge: z.strictObject({
    source,
    clauses: z.array(z.strictObject({ number: z.number().int().min(1).max(4), text: z.string().min(1) })).length(4),
  }),
  skb: z.strictObject({
    title: z.string(),
    source,
    items: z
      .array(
        z.strictObject({
          number: z.number().int().min(1),
          act: z.string(),
          english: z.string(),
          level: sanction,
          note: z.string().optional(),
        }),
      )
      .length(11),
  }),
  labels: z.record(
    labelKey,
    z.strictObject({
      pledgeClause: z.number().int().min(1).max(4),
      skbItems: z.array(z.number().int().min(1).max(11)),
      sanction: sanction.optional(),
      legalBasis: z.string().min(1),
      source,
    }),
  ),
});
export type PledgeRules = z.infer<typeof pledgeSchema>;
