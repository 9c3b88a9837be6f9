import { Injectable, Type } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { CurrentContext } from '../common/decorators';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { DepartmentLoader } from '../organizations/department.loader';
import { DepartmentModel } from '../organizations/organization.model';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import { VendorLoader } from '../vendors/vendor.loader';
import { VendorModel } from '../vendors/vendor.model';
import { toModel as toVendorModel } from '../vendors/vendors.resolver';
import { CloudServiceModel, OutsourcingContractModel, SocialMediaAccountModel, SubjectModel } from './subject.model';

/** The loaders every subject field resolver reads through: a fixed number of queries per page. */
@Injectable()
export class SubjectReaders {
  constructor(
    readonly users: UserLoader,
    readonly departments: DepartmentLoader,
    readonly vendors: VendorLoader,
  ) {}
}

/**
 * The relation fields of the Subject interface, for one implementing type. Compliance and reviews
 * resolve their own fields of it (SubjectComplianceResolver, SubjectReviewsResolver).
 */
function SubjectFields<T extends SubjectModel>(type: Type<T>) {
  @Resolver(() => type, { isAbstract: true })
  abstract class SubjectFieldsResolver {
    constructor(readonly readers: SubjectReaders) {}

    @ResolveField(() => UserModel, { nullable: true })
    async owner(@Parent() subject: T, @CurrentContext() ctx: Context, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
      const { ownerId } = subject.record.subject;
      if (!ownerId) return null;
      const user = await this.readers.users.load(loaders, ctx, ownerId);
      return user ? UserModel.from(user) : null;
    }

    @ResolveField(() => DepartmentModel, { nullable: true })
    async department(
      @Parent() subject: T,
      @CurrentContext() ctx: Context,
      @Loaders() loaders: LoaderRegistry,
    ): Promise<DepartmentModel | null> {
      const { departmentId } = subject.record.subject;
      if (!departmentId) return null;
      const department = await this.readers.departments.load(loaders, ctx, departmentId);
      return department ? { id: department.id, name: department.name } : null;
    }
  }
  return SubjectFieldsResolver;
}

@Resolver(() => OutsourcingContractModel)
export class OutsourcingContractFieldsResolver extends SubjectFields(OutsourcingContractModel) {
  @ResolveField(() => VendorModel)
  async vendor(
    @Parent() subject: OutsourcingContractModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<VendorModel> {
    const vendor = await this.readers.vendors.load(loaders, ctx, subject.record.subject.vendorId!);
    return toVendorModel(vendor!, ctx.today());
  }

  @ResolveField(() => [VendorModel])
  async subcontractors(
    @Parent() subject: OutsourcingContractModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<VendorModel[]> {
    const today = ctx.today();
    const vendors = await Promise.all(subject.record.subcontractorIds.map((id) => this.readers.vendors.load(loaders, ctx, id)));
    return vendors.filter((v) => v !== null).map((v) => toVendorModel(v, today));
  }
}

@Resolver(() => CloudServiceModel)
export class CloudServiceFieldsResolver extends SubjectFields(CloudServiceModel) {
  @ResolveField(() => VendorModel)
  async vendor(
    @Parent() subject: CloudServiceModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<VendorModel> {
    const vendor = await this.readers.vendors.load(loaders, ctx, subject.record.subject.vendorId!);
    return toVendorModel(vendor!, ctx.today());
  }
}

@Resolver(() => SocialMediaAccountModel)
export class SocialMediaAccountFieldsResolver extends SubjectFields(SocialMediaAccountModel) {}
