import { PackageVersionQueryDto } from '@sdp/service';

export class ContentGrantQueryDto extends PackageVersionQueryDto {}
