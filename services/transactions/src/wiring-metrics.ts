/**
 * The ledger metrics, for the functions that emit them (the transfer actions, the reconciliation),
 * apart from wiring.ts: see the note there.
 */
import { runtimeConfig } from '@ledgerline/shared/config';
import { EmfLedgerMetrics } from './adapters/emf-ledger-metrics';
import type { LedgerMetrics } from './ports/ledger-metrics';

/** Business and reconciliation metrics (EMF on stdout; CloudWatch extracts them). */
export const ledgerMetrics: LedgerMetrics = new EmfLedgerMetrics(runtimeConfig().stage);
