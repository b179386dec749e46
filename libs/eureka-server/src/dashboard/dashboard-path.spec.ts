import { isValidDashboardPath, normalizeDashboardPath } from '../config/dashboard-path.option';
import { DashboardLinks } from './dashboard-path';

describe('dashboardPath', () => {
  it.each(['/', '/dashboard', 'dashboard', '/eureka-ui/', '/a/b.c_d~e', 'custom-value'])('accepts %p', (path) => {
    expect(isValidDashboardPath(path)).toBe(true);
  });

  it.each(['', ' /x', '/:id', '/*', '/a b', '/a/../b', '/./x', '/x?y', '/x#y', '//', '/%2e', 42])('rejects %p', (path) => {
    expect(isValidDashboardPath(path)).toBe(false);
  });

  it.each([
    ['/', '/'],
    ['dashboard', '/dashboard'],
    ['/eureka-ui/', '/eureka-ui'],
    ['a/b/', '/a/b'],
  ])('normalises %p to %p', (raw, normalised) => {
    expect(normalizeDashboardPath(raw)).toBe(normalised);
  });
});

describe('DashboardLinks', () => {
  it("keeps Spring's places at the root and puts the rest under /dashboard/", () => {
    const links = new DashboardLinks('/');
    expect(links.home()).toBe('/');
    expect(links.lastn()).toBe('/lastn');
    expect(links.overviewJson()).toBe('/dashboard/api/overview');
    expect(links.home({ q: 'a b', status: '', zone: undefined })).toBe('/?q=a+b');
  });

  it('prefixes every link with a configured path and encodes registry values', () => {
    const links = new DashboardLinks('ui/');
    expect(links.home()).toBe('/ui');
    expect(links.lastn()).toBe('/ui/lastn');
    expect(links.instance('ORDERS', 'host:orders:8080/a?b#c')).toBe('/ui/dashboard/instance/ORDERS/host%3Aorders%3A8080%2Fa%3Fb%23c');
    expect(links.action('ORDERS', 'x/y', 'deregister')).toBe('/ui/dashboard/actions/ORDERS/x%2Fy/deregister');
    expect(links.asset('dashboard.js', 'abc')).toBe('/ui/dashboard/assets/dashboard.js?v=abc');
  });
});
