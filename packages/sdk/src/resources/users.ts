import type { operations } from "@crmfactory/api";
import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The image types a profile photo may be uploaded as. */
export type ProfilePhotoType = keyof NonNullable<operations["uploadProfilePhoto"]["requestBody"]>["content"];

/** The tenant's users, their roles and profile photos. */
export class Users extends Resource {
  /** List the tenant's users and their roles (`listUsers`). Await for the first page, `for await` for every item. */
  list(params?: ListParams<"listUsers">, options?: RequestOptions): Paginator<ResponseBody<"listUsers">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/users", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Add a user with a role (`createUser`). */
  create(body: RequestBody<"createUser">, options?: RequestOptions): Promise<ResponseBody<"createUser">> {
    return unwrap(this.api(options).POST("/users", { body }));
  }

  /** Get a user (`getUser`). */
  get(userId: string, options?: RequestOptions): Promise<ResponseBody<"getUser">> {
    return unwrap(this.api(options).GET("/users/{userId}", { params: { path: { userId } } }));
  }

  /** Change a user's name, job title or role (`updateUser`). */
  update(
    userId: string,
    body: RequestBody<"updateUser">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"updateUser">> {
    return unwrap(this.api(options).PATCH("/users/{userId}", { params: { path: { userId } }, body }));
  }

  /** Remove a user from the tenant (`deleteUser`). */
  delete(userId: string, options?: RequestOptions): Promise<void> {
    return unwrap(this.api(options).DELETE("/users/{userId}", { params: { path: { userId } } }));
  }

  /** Upload a user's profile photo (stored at file storage); `uploadProfilePhoto`. */
  uploadProfilePhoto(
    userId: string,
    photo: { data: Blob | ArrayBuffer | Uint8Array; contentType: ProfilePhotoType },
    options?: RequestOptions,
  ): Promise<ResponseBody<"uploadProfilePhoto">> {
    return unwrap(
      this.api(options).PUT("/users/{userId}/profile-photo", {
        params: { path: { userId } },
        body: photo.data,
        bodySerializer: (data: unknown) => data,
        headers: { "Content-Type": photo.contentType },
      }),
    );
  }

  /** Download a user's profile photo (`getProfilePhoto`). */
  getProfilePhoto(userId: string, options?: RequestOptions): Promise<Blob> {
    return unwrap(
      this.api(options).GET("/users/{userId}/profile-photo", {
        params: { path: { userId } },
        parseAs: "blob",
      }),
    );
  }
}
