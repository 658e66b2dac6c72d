/**
 * The demo identity provider's seeded members (password `demo` for all; shown on its login page).
 * Demo values only: nothing here is a secret.
 */
export interface DemoMember {
  sub: string;
  email: string;
  name: string;
  /** Group claim (issue 10: tenant administrators). */
  groups: string[];
}

export const DEMO_PASSWORD = 'demo';

export const DEMO_MEMBERS: readonly DemoMember[] = [
  { sub: 'member-dana-7c1e', email: 'dana@adams.example', name: 'Dana Diaz', groups: [] },
  { sub: 'member-erin-4b9a', email: 'erin@northwind.example', name: 'Erin Evans', groups: [] },
  { sub: 'member-olga-2d5f', email: 'olga@outsider.example', name: 'Olga Ortiz', groups: [] },
  { sub: 'member-adam-9e3c', email: 'adam.admin@adams.example', name: 'Adam Admin', groups: ['signbridge-admins'] },
];

/** The two public clients, one per demo tenant. */
export const DEMO_CLIENTS = { adams: 'signbridge-adams', northwind: 'signbridge-northwind' } as const;
