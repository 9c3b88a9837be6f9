import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { toConnection } from '../common/pagination';
import { CreateVendorInput, UpdateVendorInput, VendorsArgs } from './dto/vendor.inputs';
import { VendorConnection, VendorModel } from './vendor.model';
import { VendorWithCertifications } from './vendors.repository';
import { VendorsService } from './vendors.service';

const WRITERS = [Role.ADMIN, Role.PROCUREMENT_OFFICER];

@Resolver(() => VendorModel)
export class VendorsResolver {
  constructor(private readonly service: VendorsService) {}

  @Query(() => VendorModel, { nullable: true })
  @AnyRole()
  async vendor(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<VendorModel> {
    return toModel(await this.service.get(ctx, id), ctx.today());
  }

  @Query(() => VendorConnection)
  @AnyRole()
  async vendors(@CurrentContext() ctx: Context, @Args() args: VendorsArgs): Promise<VendorConnection> {
    const today = ctx.today();
    return toConnection(await this.service.list(ctx, args.filter, args.first, args.after), (vendor) => toModel(vendor, today));
  }

  @Mutation(() => VendorModel)
  @Roles(...WRITERS)
  async createVendor(@CurrentContext() ctx: Context, @Args('input') input: CreateVendorInput): Promise<VendorModel> {
    return toModel(await this.service.create(ctx, input), ctx.today());
  }

  @Mutation(() => VendorModel)
  @Roles(...WRITERS)
  async updateVendor(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateVendorInput,
  ): Promise<VendorModel> {
    return toModel(await this.service.update(ctx, id, input), ctx.today());
  }
}

export function toModel(vendor: VendorWithCertifications, today: string): VendorModel {
  return {
    id: vendor.id,
    name: vendor.name,
    corporateNumber: vendor.corporateNumber,
    address: vendor.address,
    websiteUrl: vendor.websiteUrl,
    certifications: vendor.certifications.map((c) => ({
      type: c.type,
      identifier: c.identifier,
      validUntil: c.validUntil,
      expired: c.validUntil !== null && c.validUntil < today,
    })),
    version: vendor.version,
    createdAt: vendor.createdAt,
    updatedAt: vendor.updatedAt,
  };
}
