import { Field, ObjectType } from '@nestjs/graphql';
import { SubjectKind } from '../domain/subject.enums';
import { CatalogEntry } from './requirement-catalog';

@ObjectType('Requirement')
export class RequirementModel {
  @Field({ description: "Stable, e.g. OC-07; an organization's own codes carry its prefix" })
  code: string;

  @Field(() => SubjectKind)
  subjectKind: SubjectKind;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field({ description: "JSON text in the catalog's appliesWhen grammar" })
  appliesWhen: string;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field()
  builtIn: boolean;

  @Field({ description: "In the caller's organization" })
  active: boolean;

  static from(entry: CatalogEntry): RequirementModel {
    return Object.assign(new RequirementModel(), {
      code: entry.code,
      subjectKind: entry.subjectKind,
      titleJa: entry.titleJa,
      titleEn: entry.titleEn,
      appliesWhen: JSON.stringify(entry.appliesWhen),
      source: entry.source,
      builtIn: entry.builtIn,
      active: entry.active,
    });
  }
}
