// Every migration, in order. `npm run migration:generate -- <Name>` appends to this list.
import { Initial1795631332759 } from './1795631332759-Initial';
export const MIGRATIONS: Function[] = [
  Initial1795631332759,
];
