import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { todayIn } from '../common/calendar';
import { toConnection } from '../common/pagination';
import { CreateVendorInput, UpdateVendorInput, VendorsArgs } from './dto/vendor.inputs';
import { VendorConnection, VendorModel } from './vendor.model';
import { VendorsService, VendorWithCertifications } from './vendors.service';

const WRITERS = [Role.ADMIN, Role.PROCUREMENT_OFFICER];

@Resolver(() => VendorModel)
export class VendorsResolver {
  constructor(private readonly service: VendorsService) {}

  @Query(() => VendorModel, { nullable: true })
  @AnyRole()
  async vendor(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<VendorModel> {
    return toModel(await this.service.get(actor, id), todayIn(actor.timeZone));
  }

  @Query(() => VendorConnection)
  @AnyRole()
  async vendors(@CurrentActor() actor: Actor, @Args() args: VendorsArgs): Promise<VendorConnection> {
    const today = todayIn(actor.timeZone);
    return toConnection(await this.service.list(actor, args.filter, args.first, args.after), (vendor) => toModel(vendor, today));
  }

  @Mutation(() => VendorModel)
  @Roles(...WRITERS)
  async createVendor(@CurrentActor() actor: Actor, @Args('input') input: CreateVendorInput): Promise<VendorModel> {
    return toModel(await this.service.create(actor, input), todayIn(actor.timeZone));
  }

  @Mutation(() => VendorModel)
  @Roles(...WRITERS)
  async updateVendor(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateVendorInput,
  ): Promise<VendorModel> {
    return toModel(await this.service.update(actor, id, input), todayIn(actor.timeZone));
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
