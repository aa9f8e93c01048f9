import type { GoldenSchema } from '../../golden/task.js';

/**
 * The schemas a reviewer would approve for the two main document types, across all sites and languages
 * (German "Dirigent", Italian "Direttore" and French "Chef d'orchestre" all become `conductor`).
 */

export const productionSchema: GoldenSchema = {
  documentType: 'production',
  tableName: 'opera_productions',
  description: 'An opera production in a house’s season: the work, its creative team, cast, performances and prices.',
  fields: [
    { name: 'title', type: 'string', required: true, description: 'Title of the work as the house prints it' },
    { name: 'composer', type: 'string', required: true, description: 'Composer of the work' },
    { name: 'conductor', type: 'string', required: true, description: 'Musical director (Dirigent, Direttore, Chef d’orchestre)' },
    { name: 'director', type: 'string', required: true, description: 'Stage director (Inszenierung, Regia, Mise en scène)' },
    { name: 'venue', type: 'string', required: true, description: 'Hall or stage of the performances' },
    { name: 'dates', type: 'date_range', required: true, description: 'First and last performance date' },
    { name: 'performances', type: 'list', required: true, description: 'Start of every performance, local time', items: { type: 'datetime' } },
    { name: 'price', type: 'money', required: false, description: 'Ticket price range' },
    { name: 'duration', type: 'duration', required: false, description: 'Running time including intervals' },
    {
      name: 'cast',
      type: 'list',
      required: true,
      description: 'Singers and the roles they sing',
      items: {
        type: 'object',
        fields: [
          { name: 'role', type: 'string', required: true, description: 'Role (Partie, Personaggio, Rôle)' },
          { name: 'singer', type: 'string', required: true, description: 'Singer of the role' },
        ],
      },
    },
  ],
};

const lotFields: GoldenSchema['fields'] = [
  { name: 'number', type: 'integer', required: true, description: 'Lot number within the notice' },
  { name: 'title', type: 'string', required: true, description: 'What the lot covers' },
  { name: 'estimated_value', type: 'money', required: false, description: 'Estimated value of the lot, excluding VAT' },
];

export const noticeSchema: GoldenSchema = {
  documentType: 'notice',
  tableName: 'tender_notices',
  description: 'A public procurement notice: who buys what, by which procedure, for how much, and by when tenders are due.',
  fields: [
    { name: 'reference', type: 'string', required: true, description: 'The portal’s reference number of the notice' },
    { name: 'title', type: 'string', required: true, description: 'Title of the contract' },
    { name: 'buyer', type: 'string', required: true, description: 'Contracting authority' },
    { name: 'cpv_code', type: 'string', required: true, description: 'Main CPV code, e.g. 45214200-2' },
    { name: 'procedure', type: 'string', required: true, description: 'Procurement procedure' },
    { name: 'published', type: 'date', required: false, description: 'Date the notice was published' },
    { name: 'deadline', type: 'datetime', required: true, description: 'Time limit for receipt of tenders, local time' },
    { name: 'estimated_value', type: 'money', required: true, description: 'Total estimated value, excluding VAT' },
    { name: 'place', type: 'string', required: false, description: 'Place of performance' },
    { name: 'duration_months', type: 'integer', required: false, description: 'Contract duration in months' },
    { name: 'lots', type: 'list', required: true, description: 'The lots the contract is divided into', items: { type: 'object', fields: lotFields } },
    { name: 'contact_email', type: 'email', required: true, description: 'Contact email for questions' },
    { name: 'contact_phone', type: 'phone', required: false, description: 'Contact telephone' },
    { name: 'tender_document', type: 'url', required: false, description: 'Link to the tender document (PDF)' },
  ],
};

export const GOLDEN_SCHEMAS: readonly GoldenSchema[] = [productionSchema, noticeSchema];
