import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { SubjectKind } from '../domain/subject.enums';
import { SubjectsRepository } from '../subjects/subjects.repository';

/** What requirements read of other features: the organization's code, the subjects a requirement applies to. */
@Injectable()
export class RequirementReferences {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly subjects: SubjectsRepository,
  ) {}

  organization(ctx: Context): Promise<{ code: string }> {
    return this.organizations.get(ctx);
  }

  subjectIdsOfKind(ctx: Context, kind: SubjectKind): Promise<string[]> {
    return this.subjects.ids(ctx, { kind });
  }
}
