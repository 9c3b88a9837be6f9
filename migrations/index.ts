// Every migration, in order. `npm run migration:generate -- <Name>` appends to this list.
import { StaticFindingCounts1796326895300 } from './1796326895300-StaticFindingCounts';
import { LedgerImports1796315343838 } from './1796315343838-LedgerImports';
import { TenantReferences1796305900000 } from './1796305900000-TenantReferences';
import { EvidenceVersionOrder1796303649604 } from './1796303649604-EvidenceVersionOrder';
import { SignInThrottles1796305738713 } from './1796305738713-SignInThrottles';
import { Notifications1795633482192 } from './1795633482192-Notifications';
import { Reviews1795632483345 } from './1795632483345-Reviews';
import { Registers1795631709863 } from './1795631709863-Registers';
import { Initial1795631332759 } from './1795631332759-Initial';
export const MIGRATIONS: Function[] = [
  Initial1795631332759,
  Registers1795631709863,
  Reviews1795632483345,
  Notifications1795633482192,
  EvidenceVersionOrder1796303649604,
  SignInThrottles1796305738713,
  TenantReferences1796305900000,
  LedgerImports1796315343838,
  StaticFindingCounts1796326895300,
];
