package com.migrationhub.innergy.api;

/** INNERGY address: {@code Address1, Address2, City, State, ZipCode, Country}. */
public record Address(String address1, String address2, String city, String state, String zipCode, String country) {
}
