import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { OrganizationsRepository } from '../organizations/organizations.repository';

/**
 * The contexts jobs run in: the system working for one organization, on that organization's
 * calendar. A job carries its organization's id; the time zone is read when the job runs.
 */
@Injectable()
export class SystemContexts {
  constructor(private readonly organizations: OrganizationsRepository) {}

  /** The system's context for one organization, or null when the organization does not exist. */
  async of(organizationId: string): Promise<Context | null> {
    const organization = await this.organizations.byId(organizationId);
    return organization ? Context.system(organization) : null;
  }

  /** One context per organization, by organization id. */
  async everyOrganization(): Promise<Context[]> {
    return (await this.organizations.all()).map((organization) => Context.system(organization));
  }
}
